/** Built-in word lists for realistic, entirely fictional demo data (no external packages). */

export const FEMALE_FIRST = [
	'Mary', 'Patricia', 'Jennifer', 'Linda', 'Elizabeth', 'Barbara', 'Susan', 'Jessica', 'Sarah', 'Karen',
	'Lisa', 'Nancy', 'Betty', 'Margaret', 'Sandra', 'Ashley', 'Kimberly', 'Emily', 'Donna', 'Michelle',
	'Carol', 'Amanda', 'Melissa', 'Deborah', 'Stephanie', 'Rebecca', 'Laura', 'Sharon', 'Cynthia', 'Kathleen',
	'Amy', 'Angela', 'Shirley', 'Anna', 'Brenda', 'Pamela', 'Emma', 'Nicole', 'Helen', 'Samantha',
	'Katherine', 'Christine', 'Debra', 'Rachel', 'Carolyn', 'Janet', 'Catherine', 'Maria', 'Heather', 'Diane',
	'Olivia', 'Julie', 'Joyce', 'Victoria', 'Ruth', 'Virginia', 'Lauren', 'Kelly', 'Christina', 'Joan',
	'Sofia', 'Isabella', 'Ava', 'Mia', 'Chloe', 'Grace', 'Zoe', 'Priya', 'Mei', 'Aaliyah',
];

export const MALE_FIRST = [
	'James', 'Robert', 'John', 'Michael', 'David', 'William', 'Richard', 'Joseph', 'Thomas', 'Charles',
	'Christopher', 'Daniel', 'Matthew', 'Anthony', 'Mark', 'Donald', 'Steven', 'Paul', 'Andrew', 'Joshua',
	'Kenneth', 'Kevin', 'Brian', 'George', 'Timothy', 'Ronald', 'Edward', 'Jason', 'Jeffrey', 'Ryan',
	'Jacob', 'Gary', 'Nicholas', 'Eric', 'Jonathan', 'Stephen', 'Larry', 'Justin', 'Scott', 'Brandon',
	'Benjamin', 'Samuel', 'Gregory', 'Alexander', 'Frank', 'Patrick', 'Raymond', 'Jack', 'Dennis', 'Jerry',
	'Tyler', 'Aaron', 'Jose', 'Adam', 'Nathan', 'Henry', 'Douglas', 'Zachary', 'Peter', 'Kyle',
	'Noah', 'Liam', 'Ethan', 'Lucas', 'Mateo', 'Omar', 'Raj', 'Wei', 'Hiroshi', 'Malik',
];

export const LAST_NAMES = [
	'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
	'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
	'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson',
	'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores',
	'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts',
	'Gomez', 'Phillips', 'Evans', 'Turner', 'Diaz', 'Parker', 'Cruz', 'Edwards', 'Collins', 'Reyes',
	'Stewart', 'Morris', 'Morales', 'Murphy', 'Cook', 'Rogers', 'Gutierrez', 'Ortiz', 'Morgan', 'Cooper',
	'Peterson', 'Bailey', 'Reed', 'Kelly', 'Howard', 'Ramos', 'Kim', 'Cox', 'Ward', 'Richardson',
	'Watson', 'Brooks', 'Chavez', 'Wood', 'James', 'Bennett', 'Gray', 'Mendoza', 'Ruiz', 'Hughes',
	'Price', 'Alvarez', 'Castillo', 'Sanders', 'Patel', 'Myers', 'Long', 'Ross', 'Foster', 'Jimenez',
	'Chen', 'Wang', 'Singh', 'Okafor', 'Kowalski', 'Novak', 'Schmidt', 'Rossi', 'Dubois', 'Yamamoto',
];

export const STREETS = [
	'Oak', 'Maple', 'Cedar', 'Pine', 'Elm', 'Washington', 'Lake', 'Hill', 'Park', 'Sunset',
	'Main', 'Church', 'Highland', 'Meadow', 'River', 'Spring', 'Willow', 'Chestnut', 'Lincoln', 'Franklin',
	'Jackson', 'Ridge', 'Valley', 'Forest', 'Mill', 'Walnut', 'Birch', 'Center', 'Dogwood', 'Magnolia',
];

export const STREET_KINDS = ['St', 'Ave', 'Rd', 'Blvd', 'Ln', 'Dr', 'Ct', 'Way', 'Pl'];

/** [city, state, zip prefix] */
export const CITIES: ReadonlyArray<readonly [string, string, string]> = [
	['Springfield', 'IL', '627'], ['Riverside', 'CA', '925'], ['Franklin', 'TN', '370'], ['Greenville', 'SC', '296'],
	['Bristol', 'CT', '060'], ['Clinton', 'IA', '527'], ['Fairview', 'OR', '970'], ['Salem', 'MA', '019'],
	['Madison', 'WI', '537'], ['Georgetown', 'TX', '786'], ['Arlington', 'VA', '222'], ['Ashland', 'OR', '975'],
	['Burlington', 'VT', '054'], ['Dover', 'DE', '199'], ['Marion', 'OH', '433'], ['Oxford', 'MS', '386'],
	['Newport', 'RI', '028'], ['Jackson', 'WY', '830'], ['Milton', 'FL', '325'], ['Auburn', 'AL', '368'],
	['Hudson', 'NY', '125'], ['Lexington', 'KY', '405'], ['Chester', 'PA', '190'], ['Dayton', 'NV', '894'],
];

export const SPECIALTIES = ['Family Medicine', 'Internal Medicine', 'Pediatrics', 'Cardiology', 'Dermatology'];

export const ALLERGENS: ReadonlyArray<readonly [string, string, string]> = [
	['Penicillin', 'Hives', '91936005'], ['Peanuts', 'Anaphylaxis', '91935009'], ['Latex', 'Rash', '300916003'],
	['Shellfish', 'Swelling', '300913006'], ['Sulfa drugs', 'Rash', '91939003'], ['Pollen', 'Sneezing', '256259004'],
	['Aspirin', 'Wheezing', '293586001'], ['Eggs', 'Nausea', '91930004'],
];

export const MEDICATIONS: ReadonlyArray<readonly [string, string, string, string]> = [
	['Lisinopril 10 mg tablet', '314076', '10', 'mg'], ['Metformin 500 mg tablet', '861007', '500', 'mg'],
	['Atorvastatin 20 mg tablet', '617312', '20', 'mg'], ['Amlodipine 5 mg tablet', '197361', '5', 'mg'],
	['Levothyroxine 50 mcg tablet', '966222', '50', 'mcg'], ['Omeprazole 20 mg capsule', '198053', '20', 'mg'],
	['Albuterol 90 mcg inhaler', '745679', '2', 'puff'], ['Sertraline 50 mg tablet', '312940', '50', 'mg'],
];

export const PROBLEMS: ReadonlyArray<readonly [string, string, string]> = [
	['Essential hypertension', 'I10', '59621000'], ['Type 2 diabetes mellitus', 'E11.9', '44054006'],
	['Hyperlipidemia', 'E78.5', '55822004'], ['Asthma', 'J45.909', '195967001'],
	['Hypothyroidism', 'E03.9', '40930008'], ['Gastro-esophageal reflux disease', 'K21.9', '235595009'],
	['Major depressive disorder', 'F32.9', '370143000'], ['Low back pain', 'M54.50', '279039007'],
];

export const VACCINES: ReadonlyArray<readonly [string, string]> = [
	['141', 'Influenza, seasonal, injectable'], ['208', 'COVID-19, mRNA, LNP-S, PF, 30 mcg/0.3 mL dose'],
	['115', 'Tdap'], ['133', 'Pneumococcal conjugate PCV 13'], ['187', 'Zoster recombinant'],
];

/** [code, description, price] */
export const CPT_CODES: ReadonlyArray<readonly [string, string, string]> = [
	['99213', 'Office visit, established patient, low complexity', '110.00'],
	['99214', 'Office visit, established patient, moderate complexity', '165.00'],
	['99203', 'Office visit, new patient, low complexity', '150.00'],
	['99396', 'Preventive visit, established patient, 40-64', '210.00'],
	['36415', 'Routine venipuncture', '15.00'],
	['90471', 'Immunization administration', '25.00'],
	['93000', 'Electrocardiogram, complete', '45.00'],
];

export const PAYERS: ReadonlyArray<readonly [string, string]> = [
	['60054', 'Aetna'], ['62308', 'Cigna'], ['87726', 'UnitedHealthcare'], ['00621', 'Blue Cross Blue Shield of Illinois'],
	['SB580', 'Blue Shield of California'], ['61101', 'Humana'], ['00882', 'Medicare Part B'], ['77027', 'Medi-Cal'],
	['31114', 'Kaiser Permanente'], ['95378', 'Tricare West'], ['39026', 'UMR'], ['25133', 'Oscar Health'],
	['68069', 'Ambetter'], ['94265', 'Molina Healthcare'], ['52133', 'Anthem Blue Cross'],
];

export const TASK_TITLES = [
	'Call patient with lab results', 'Prior authorization for MRI', 'Refill request', 'Follow up on unpaid claim',
	'Scan insurance card', 'Schedule follow-up visit', 'Review outside records', 'Update patient demographics',
	'Send referral letter', 'Verify eligibility', 'Return pharmacy call', 'Sign pending clinical notes',
];

export const MESSAGE_TITLES = [
	'Lab result received', 'Fax from referring provider', 'Prescription renewal request', 'Insurance correspondence',
	'Patient portal question', 'Hospital discharge summary',
];

export const LAB_TESTS: ReadonlyArray<readonly [string, string, string, string]> = [
	['CBC', 'Hemoglobin', '13.8', 'g/dL'], ['CMP', 'Glucose', '96', 'mg/dL'], ['Lipid panel', 'LDL cholesterol', '112', 'mg/dL'],
	['HbA1c', 'Hemoglobin A1c', '6.1', '%'], ['TSH', 'Thyrotropin', '2.4', 'mIU/L'],
];
