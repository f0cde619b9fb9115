/** "an" before a noun written with a vowel first, else "a": "an amendment", "a patient". */
export const article = (noun: string): 'a' | 'an' => (/^[aeiou]/i.test(noun) ? 'an' : 'a');

/** The noun with its article, as operation names and descriptions use it: "an amendment". */
export const withArticle = (noun: string): string => `${article(noun)} ${noun}`;
