// Specification content for the demo records that `npm run seed:demo` walks through the
// process. Written to read like the real thing, and complete enough to pass submission.
import type {
  AreaCapability,
  LearningOutcome,
  RecognitionContent,
  SpecificationContent,
} from '../../domain/specification-content.ts'

// Named so that version 2 can reuse the items it keeps from version 1.
const FRAILTY_LO1: LearningOutcome = {
  code: 'LO1',
  text: 'Carry out a comprehensive geriatric assessment with the person and those close to them.',
  frameworkCodes: ['1.4', '1.6'],
}
const FRAILTY_LO3: LearningOutcome = {
  code: 'LO3',
  text: 'Review and rationalise medicines, including deprescribing where appropriate.',
  frameworkCodes: ['1.7', '1.8'],
}
const FRAILTY_AC1: AreaCapability = {
  code: 'AC1',
  text: 'Leads comprehensive geriatric assessment and agrees a personalised care plan.',
  frameworkCodes: ['1.4', '1.6', '1.7'],
}
const FRAILTY_AC2: AreaCapability = {
  code: 'AC2',
  text: 'Leads improvement of frailty pathways across organisational boundaries.',
  frameworkCodes: ['2.5', '2.3'],
}
const FRAILTY_AC3: AreaCapability = {
  code: 'AC3',
  text: 'Teaches colleagues to recognise frailty and supports their learning in practice.',
  frameworkCodes: ['3.1', '3.3'],
}
const FRAILTY_AC4: AreaCapability = {
  code: 'AC4',
  text: 'Critically appraises and applies research evidence on frailty interventions.',
  frameworkCodes: ['4.1', '4.2'],
}

export const DEMO_FRAILTY_V1: SpecificationContent = {
  purpose:
    'Develops advanced practitioners who recognise, assess and manage frailty in older people across ' +
    'primary, community and acute care, so that care is proactive and co-ordinated.',
  scope:
    'Adults aged 65 and over living with frailty, in any setting. Excludes palliative care at the end ' +
    'of life, which has its own credential.',
  targetProfessions: ['Nurse', 'Allied health professional', 'Pharmacist'],
  entryRequirements: {
    mastersRoute: 'Taken as a module within an accredited advanced-practice MSc, or after completing one.',
    equivalence:
      'Practitioners without the MSc show educational equivalence through a supported portfolio ' +
      'mapped to the four pillars, assessed by the education provider.',
  },
  outcomes: [
    FRAILTY_LO1,
    {
      code: 'LO2',
      text: 'Identify and grade frailty using validated tools, and explain the results.',
      frameworkCodes: ['1.6'],
    },
    FRAILTY_LO3,
  ],
  capabilities: [FRAILTY_AC1, FRAILTY_AC2, FRAILTY_AC3, FRAILTY_AC4],
  assessmentStrategy:
    'A portfolio of five supervised comprehensive geriatric assessments, a direct observation of a ' +
    'medicines review, and a reflective case study mapped to the capabilities.',
  level: 7,
  credits: 30,
}

/** Version 2, from periodic review: one outcome reworded, one added, one capability remapped. */
export const DEMO_FRAILTY_V2: SpecificationContent = {
  ...DEMO_FRAILTY_V1,
  outcomes: [
    FRAILTY_LO1,
    {
      code: 'LO2',
      text: 'Identify and grade frailty using validated tools, explain the results and record them in shared care records.',
      frameworkCodes: ['1.6', '1.9'],
    },
    FRAILTY_LO3,
    {
      code: 'LO4',
      text: 'Plan care with people living with frailty and their carers, including advance care planning.',
      frameworkCodes: ['1.4', '1.5'],
    },
  ],
  capabilities: [
    FRAILTY_AC1,
    { ...FRAILTY_AC2, frameworkCodes: ['2.5', '2.3', '2.6'] },
    FRAILTY_AC3,
    FRAILTY_AC4,
  ],
  credits: 40,
}

export const DEMO_SEPSIS: SpecificationContent = {
  purpose: 'Prepares advanced practitioners to recognise and lead the early management of sepsis.',
  scope: 'Adults presenting with suspected sepsis in urgent, emergency and acute care.',
  targetProfessions: ['Nurse', 'Allied health professional'],
  entryRequirements: {
    mastersRoute: 'Taken within or after an accredited advanced-practice MSc.',
    equivalence: 'Educational equivalence shown through a portfolio assessed by the provider.',
  },
  outcomes: [
    {
      code: 'LO1',
      text: 'Recognise sepsis early using national early warning scores and clinical judgement.',
    },
    { code: 'LO2', text: 'Initiate and evaluate the sepsis care bundle within the first hour.' },
  ],
  capabilities: [
    {
      code: 'AC1',
      text: 'Leads the initial assessment and treatment of suspected sepsis.',
      frameworkCodes: ['1.6', '1.7'],
    },
    { code: 'AC2', text: 'Audits sepsis care and leads improvement.', frameworkCodes: ['2.3'] },
    { code: 'AC3', text: 'Teaches teams to recognise deterioration.', frameworkCodes: ['3.1'] },
    { code: 'AC4', text: 'Applies current evidence on sepsis management.', frameworkCodes: ['4.1'] },
  ],
  assessmentStrategy: 'Simulation-based assessment and three observed cases in practice.',
  level: 7,
  credits: 20,
}

export const DEMO_RECOGNITION: RecognitionContent = {
  ownerName: 'Royal College of Demonstration Medicine',
  ownerUrl: 'https://example.org/royal-college',
  documentUrl: 'https://example.org/royal-college/advanced-practice-curriculum.pdf',
  summary:
    'An existing curriculum for advanced practitioners in acute medicine, owned and quality assured ' +
    'by the College, put forward for recognition.',
  crosswalk: [
    { code: 'R1', outcome: 'Manages the acutely unwell adult.', frameworkCodes: ['1.6', '1.7', '1.8'] },
    { code: 'R2', outcome: 'Leads the acute medical team out of hours.', frameworkCodes: ['2.1'] },
    { code: 'R3', outcome: 'Supervises and teaches junior colleagues.', frameworkCodes: ['3.3'] },
    { code: 'R4', outcome: 'Takes part in research and audit.', frameworkCodes: ['4.2'] },
  ],
}
