/**
 * The words storage and the live documents give back: why a change was refused (nothing of it
 * written), and what could not be read. Kept apart from copy.ts so the repositories (on the first
 * screen's path) can use them without the rest of the copy; copy.ts spreads them in as `copy.saving`.
 */
const notValid = 'That is not valid';

export const savingCopy = {
  saving: {
    notValid,
    /** The first problem zod found, or a plain "not valid". */
    firstProblem: (message: string | undefined) => message ?? notValid,
    saveAborted: 'The save was aborted',
    noticingChoiceInvalid: 'That choice of noticings could not be saved. Choose again.',
    // Sessions and their records
    sessionUnreadable: (date: string, problem: string) => `The session record saved on ${date} could not be read: ${problem}`,
    chooseSupervisee: 'Choose the supervisee',
    enterSupervisor: 'Enter the supervisor’s name',
    enterSessionDate: 'Enter the date of the supervision',
    chooseSessionType: 'Choose the session type',
    notTheirPreparation: 'That preparation is not this supervisee’s',
    amendSignedOnly: 'Only a signed record can be amended',
    choicesUnreadable: 'The choices made for these entries could not be read',
    choicesSignedOnly: 'Entries are chosen for a signed record only',
    caseNotInSession: 'That case was not discussed in this session',
    // People
    noSuchPerson: 'There is no such person on this device',
    personAlreadyHere: 'That person is already on this device under the other id',
    personHoldsRecords: 'This device holds supervision records or arrangements for this person, so they cannot be filed again. Make the connection from this device instead.',
    // Preparations
    choosePreparationPerson: 'Choose whose preparation this is',
    preparationNotTheirs: 'That preparation belongs to someone else',
    // Groups
    chooseFacilitator: 'Choose the facilitator',
    chooseGroup: 'Choose the group',
    enterGroupSessionDate: 'Enter the date of the session',
    facilitatorGone: 'The group’s facilitator is no longer on this device',
    // Agreements
    agreementUnreadable: (problem: string) => `An agreement saved on this device could not be read: ${problem}`,
    chooseAgreementTemplate: 'Choose the policy’s agreement',
    agreementTemplateMissing: (id: string, version: string) => `The agreement “${id}” (version ${version}) is not in this version of the app.`,
    agreementSealed: 'This agreement is signed and sealed: it is never changed',
    agreementNotTheirs: 'That agreement belongs to someone else',
    // Practice
    practiceNotFound: 'There is no practice session with that link on this device.',
    practiceUnreadable: (problem: string) => `A practice session saved on this device could not be read: ${problem}`,
    practiceUnsaveable: (problem: string) => `The practice session could not be saved: ${problem}`,
    scenarioUnreadable: (problem: string) => `An imported scenario could not be read: ${problem}`,
    scenarioTooLarge: 'The file is too large to be a scenario (256 kB at most)',
    scenarioForbiddenKey: 'The file is not a valid scenario: it has a key named __proto__, constructor or prototype',
    scenarioTooDeep: 'The file is not a valid scenario: it is nested too deeply',
    scenarioNotJson: 'The file is not a scenario: it is not JSON',
    scenarioInvalid: (where: string | null, problem: string) => `The file is not a valid scenario: ${where === null ? problem : `${where}: ${problem}`}`,
    scenarioTemplateMissing: (templateId: string) => `The scenario uses a record template this app does not have (“${templateId}”)`,
    scenarioNoSessionType: (sessionType: string) => `The record template has no session type “${sessionType}”`,
    scenarioIdShipped: (id: string) => `A scenario shipped with the app already has the id “${id}”`,
    /** Who asks, in a practice record, when the trainee plays the supervisee; and the practice parties' role. */
    scriptedSupervisor: 'Scripted supervisor',
    practiceRole: 'Practice',
    enterTraineeName: 'Enter your name',
    chooseScenario: 'Choose a scenario',
    /** A problem's wording when zod gives none. */
    problemNotValid: 'not valid',
    /** Where in a scenario file a problem is, when it is the file as a whole. */
    theFile: 'the file',
  },
};
