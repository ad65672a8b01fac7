/**
 * Clinical words for CTCAE terms, in the spirit of MedDRA's lowest-level terms: what a clinician
 * types ("pneumonia", "AF", "neutropenia", "GI bleed") mapped to the CTCAE v4.03 term it is graded
 * under ("Lung infection", "Atrial fibrillation", …). The picker searches these beside the terms
 * and shows which term a word maps to. British spellings (haemorrhage, anaemia, oedema, diarrhoea)
 * need no entry: the search folds them to the American spelling CTCAE uses (terms.ts).
 *
 * Covers every term of the demo cohort (its verbatim labels) and the common ibrutinib toxicities
 * (infections, atrial fibrillation, bleeding, cytopenias, diarrhoea, arthralgia, rash, hypertension);
 * lib/ctcae/terms.test.ts holds each key to a term of terms.json.
 */
export const CTCAE_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  // Infections (the commonest reason to stop ibrutinib in the paper's cohort).
  'Lung infection': ['pneumonia', 'bronchopneumonia', 'chest infection', 'lower respiratory tract infection', 'LRTI', 'pneumocystis pneumonia', 'PJP', 'fungal pneumonia', 'aspergillus pneumonia'],
  'Upper respiratory infection': ['upper respiratory tract infection', 'URTI', 'URI', 'common cold', 'cold'],
  'Bronchial infection': ['bronchitis'],
  'Urinary tract infection': ['UTI', 'cystitis'],
  'Kidney infection': ['pyelonephritis'],
  'Skin infection': ['cellulitis', 'erysipelas'],
  'Sepsis': ['septicemia', 'septic shock', 'bacteremia', 'bloodstream infection', 'blood stream infection'],
  'Enterocolitis infectious': ['gastroenteritis', 'infectious diarrhea', 'clostridium difficile colitis', 'C. difficile'],
  'Catheter related infection': ['line infection', 'central line infection'],
  'Encephalitis infection': ['encephalitis'],
  'Otitis media': ['ear infection'],
  'Tooth infection': ['dental abscess', 'dental infection'],
  'Infections and infestations - Other, specify': ['herpes zoster', 'shingles', 'cytomegalovirus', 'CMV', 'fungal infection', 'aspergillosis', 'cryptococcosis', 'tuberculosis'],

  // Heart.
  'Atrial fibrillation': ['AF', 'afib', 'a fib', 'AFib', 'atrial fib', 'irregular heartbeat'],
  'Atrial flutter': ['flutter', 'AFL'],
  'Supraventricular tachycardia': ['SVT'],
  'Ventricular tachycardia': ['VT'],
  'Ventricular fibrillation': ['VF'],
  'Sinus tachycardia': ['tachycardia'],
  'Sinus bradycardia': ['bradycardia'],
  'Heart failure': ['cardiac failure', 'congestive heart failure', 'CHF', 'cardiac decompensation'],
  'Left ventricular systolic dysfunction': ['LVSD', 'reduced ejection fraction'],
  'Myocardial infarction': ['MI', 'heart attack', 'STEMI', 'NSTEMI'],
  'Chest pain - cardiac': ['angina'],
  'Cardiac arrest': ['sudden cardiac arrest'],
  'Conduction disorder': ['heart block', 'AV block'],
  'Electrocardiogram QT corrected interval prolonged': ['QT prolongation', 'long QT', 'QTc prolonged'],
  'Hypertension': ['high blood pressure', 'raised blood pressure', 'HTN'],
  'Hypotension': ['low blood pressure'],

  // Bleeding.
  'Intracranial hemorrhage': ['brain bleed', 'cerebral hemorrhage', 'intracerebral hemorrhage', 'ICH', 'bleeding in the brain', 'hemorrhagic stroke'],
  'Subdural hematoma': ['subdural bleed', 'subdural hemorrhage', 'SDH'],
  'Upper gastrointestinal hemorrhage': ['GI bleed', 'upper GI bleed', 'gastrointestinal bleeding', 'hematemesis', 'melena'],
  'Lower gastrointestinal hemorrhage': ['lower GI bleed', 'hematochezia'],
  'Gastric hemorrhage': ['stomach bleeding'],
  'Rectal hemorrhage': ['rectal bleeding'],
  'Oral hemorrhage': ['bleeding gums', 'gum bleeding'],
  'Bronchopulmonary hemorrhage': ['hemoptysis', 'pulmonary hemorrhage', 'lung bleeding'],
  'Postoperative hemorrhage': ['postoperative bleeding', 'post-op bleeding', 'surgical bleeding'],
  'Epistaxis': ['nosebleed', 'nose bleed', 'nasal bleeding'],
  'Hematuria': ['blood in urine', 'bleeding in urine'],
  'Bruising': ['bruise', 'ecchymosis', 'contusion', 'bleeding under the skin'],
  'Purpura': ['petechiae'],
  'Hematoma': ['bleeding into tissue'],

  // Blood counts.
  'Neutrophil count decreased': ['neutropenia', 'low neutrophils', 'ANC decreased', 'agranulocytosis'],
  'Febrile neutropenia': ['neutropenic fever', 'neutropenic sepsis'],
  'Platelet count decreased': ['thrombocytopenia', 'low platelets'],
  'Anemia': ['low hemoglobin', 'hemoglobin decreased'],
  'White blood cell decreased': ['leukopenia', 'leucopenia', 'low white cells'],
  'Lymphocyte count decreased': ['lymphopenia'],
  'Lymphocyte count increased': ['lymphocytosis', 'redistribution lymphocytosis'],
  'Hemolysis': ['hemolytic anemia', 'autoimmune hemolytic anemia', 'AIHA'],
  'Thrombotic thrombocytopenic purpura': ['TTP'],
  'Disseminated intravascular coagulation': ['DIC'],

  // Gut, liver, kidney, metabolism.
  'Diarrhea': ['loose stools', 'diarrhoea'],
  'Vomiting': ['emesis'],
  'Mucositis oral': ['stomatitis', 'mouth ulcers'],
  'Abdominal pain': ['stomach ache', 'belly pain'],
  'Dyspepsia': ['indigestion', 'heartburn'],
  'Alanine aminotransferase increased': ['ALT increased', 'raised ALT', 'transaminitis', 'raised liver enzymes'],
  'Aspartate aminotransferase increased': ['AST increased', 'raised AST'],
  'Blood bilirubin increased': ['hyperbilirubinemia', 'jaundice'],
  'Acute kidney injury': ['AKI', 'acute renal failure'],
  'Chronic kidney disease': ['CKD', 'chronic renal failure'],
  'Creatinine increased': ['raised creatinine'],
  'Tumor lysis syndrome': ['TLS'],
  'Anorexia': ['loss of appetite', 'poor appetite'],
  'Hypokalemia': ['low potassium'],
  'Hyperkalemia': ['high potassium'],
  'Hyponatremia': ['low sodium'],
  'Hypercalcemia': ['high calcium'],
  'Hyperglycemia': ['high blood sugar'],
  'Hyperuricemia': ['high uric acid'],
  'Hypothyroidism': ['underactive thyroid'],

  // Skin, joints, general.
  'Rash maculo-papular': ['rash', 'skin rash', 'maculopapular rash', 'exanthema'],
  'Pruritus': ['itching', 'itch'],
  'Urticaria': ['hives'],
  'Alopecia': ['hair loss'],
  'Nail ridging': ['brittle nails', 'nail changes'],
  'Stevens-Johnson syndrome': ['SJS'],
  'Arthralgia': ['joint pain', 'joint aches'],
  'Myalgia': ['muscle pain', 'muscle aches'],
  'Pain in extremity': ['leg pain', 'arm pain'],
  'Muscle weakness generalized or specific area': ['weakness'],
  'Fracture': ['broken bone'],
  'Fatigue': ['tiredness', 'asthenia', 'lethargy'],
  'Fever': ['pyrexia', 'high temperature'],
  'Edema limbs': ['leg swelling', 'peripheral edema', 'swollen legs'],
  'Hot flashes': ['hot flushes'],
  'Allergic reaction': ['allergy', 'hypersensitivity'],
  'Anaphylaxis': ['anaphylactic shock'],
  'Infusion related reaction': ['infusion reaction'],
  'Multi-organ failure': ['multiple organ failure', 'MOF'],
  'Death NOS': ['death'],
  'Sudden death NOS': ['sudden death'],

  // Lungs.
  'Dyspnea': ['shortness of breath', 'breathlessness', 'SOB'],
  'Pneumonitis': ['interstitial lung disease', 'ILD'],
  'Hypoxia': ['low oxygen', 'desaturation'],
  'Respiratory, thoracic and mediastinal disorders - Other, specify': ['COPD exacerbation', 'exacerbation of COPD', 'asthma attack'],

  // Nervous system and mind.
  'Stroke': ['CVA', 'cerebrovascular accident', 'cerebral infarction', 'ischemic stroke', 'cerebellar stroke', 'cerebellar ischemic stroke'],
  'Transient ischemic attacks': ['TIA', 'mini stroke'],
  'Peripheral sensory neuropathy': ['neuropathy', 'tingling', 'paresthesia', 'numbness'],
  'Syncope': ['fainting', 'faint', 'blackout'],
  'Seizure': ['fit', 'convulsion', 'epileptic seizure'],
  'Leukoencephalopathy': ['PML', 'progressive multifocal leukoencephalopathy'],
  'Cognitive disturbance': ['memory loss', 'cognitive impairment'],
  'Confusion': ['delirium'],
  'Somnolence': ['drowsiness'],
  'Dysgeusia': ['taste change', 'altered taste'],
  'Dizziness': ['lightheadedness'],
  'Tinnitus': ['ringing in the ears'],
  'Suicide attempt': ['suicide', 'overdose with suicidal intent'],
  'Depression': ['low mood', 'severe depression'],
  'Insomnia': ['sleeplessness'],

  // Neoplasms, eye, other.
  'Neoplasms benign, malignant and unspecified (incl cysts and polyps) - Other, specify': ['cancer', 'carcinoma', 'bladder cancer', 'skin cancer', 'basal cell carcinoma', 'squamous cell carcinoma', 'melanoma', 'lung cancer', 'prostate cancer', 'breast cancer'],
  'Treatment related secondary malignancy': ['second primary malignancy', 'second cancer'],
  'Myelodysplastic syndrome': ['MDS'],
  'Leukemia secondary to oncology chemotherapy': ['secondary leukemia', 'therapy related AML'],
  'Eye disorders - Other, specify': ['hyphema', 'bleeding in the eye'],
  'Thromboembolic event': ['DVT', 'deep vein thrombosis', 'pulmonary embolism', 'PE', 'thrombosis', 'blood clot'],
};
