import { ROLES, roleLabel, type Role, type RoleGrant } from '../../domain/accounts.ts'
import type { QueueCounts, QueueName } from '../../services/work-queue.ts'

export interface Task {
  title: string
  href: string
  description: string
  /** The work queue whose size shows beside the task. */
  queue?: QueueName
  waiting?: number
}

// What each role can do today. A role whose work arrives with a later capability says so
// rather than linking to pages that do not exist yet.
/** Tasks under a heading: for the Centre admin, one group per stage of the work. */
export interface TaskGroup {
  heading?: string
  tasks: Task[]
}

// The Centre admin's work, stage by stage as it moves through the process, then running the
// service. Each task leads somewhere of its own: a stage of the pipeline (its items and how
// long each has waited) or a page of everything of its kind.
const CENTRE_ADMIN_GROUPS: TaskGroup[] = [
  {
    heading: 'Proposals',
    tasks: [
      {
        title: 'Proposals to check',
        href: '/pipeline/proposals-to-check',
        description: 'Check proposals against the gateway criteria and put them to the Credential Group',
        queue: 'proposalsToCheck',
      },
      {
        title: 'Proposals with the Credential Group',
        href: '/pipeline/proposals-with-group',
        description: "Proposals waiting for the Credential Group's decision",
        queue: 'proposalsWithGroup',
      },
      { title: 'All proposals', href: '/proposals?state=all', description: 'Every proposal in every state' },
    ],
  },
  {
    heading: 'Specifications and reviews',
    tasks: [
      {
        title: 'Reviewers to assign',
        href: '/pipeline/needs-reviewers',
        description: 'Submitted specifications that need two independent reviewers',
        queue: 'versionsNeedingReviewers',
      },
      {
        title: 'Under review',
        href: '/pipeline/under-review',
        description: 'Specifications whose reviewers have not all recommended yet',
        queue: 'versionsUnderReview',
      },
      {
        title: 'Decisions due',
        href: '/pipeline/decisions-due',
        description: 'Reviewed specifications waiting for the endorsement decision',
        queue: 'decisionsDue',
      },
      {
        title: 'Recognition applications in review',
        href: '/pipeline/recognition-in-review',
        description: 'Applications for recognition waiting for reviewers or their recommendations',
        queue: 'recognitionInReview',
      },
      {
        title: 'Recognition decisions due',
        href: '/pipeline/recognition-decisions-due',
        description: 'Reviewed applications for recognition waiting for the decision',
        queue: 'recognitionDecisionsDue',
      },
      {
        title: 'Reviews and decisions',
        href: '/decisions',
        description: 'Every specification in review, with its reviewers and their progress',
      },
      {
        title: 'Specifications',
        href: '/specifications',
        description: 'Every credential in the process, its versions and timeline',
      },
      {
        title: 'Recognition applications',
        href: '/recognition',
        description: 'Existing credentials put forward for recognition',
      },
    ],
  },
  {
    heading: 'After publication',
    tasks: [
      {
        title: 'Periodic reviews due',
        href: '/pipeline/periodic-reviews-due',
        description: 'Endorsed specifications whose periodic review is due or overdue',
        queue: 'periodicReviewsDue',
      },
      {
        title: 'Periodic reviews open',
        href: '/pipeline/periodic-reviews-open',
        description: 'Opened reviews waiting for a new version to be started or the credential withdrawn',
        queue: 'periodicReviewsOpen',
      },
      {
        title: 'Periodic reviews',
        href: '/periodic-reviews',
        description: 'Every periodic review, open or closed, and the intervals between them',
      },
    ],
  },
  {
    heading: 'Providers, deliveries and awards',
    tasks: [
      {
        title: 'Applications to deliver',
        href: '/pipeline/delivery-applications',
        description: "Providers' applications to deliver a credential waiting for a decision",
        queue: 'deliveryApplications',
      },
      {
        title: 'Quality returns to review',
        href: '/pipeline/quality-returns',
        description: "Providers' yearly returns on their deliveries: accept them or raise a concern",
        queue: 'qualityReturnsToReview',
      },
      {
        title: 'Deliveries',
        href: '/deliveries',
        description: 'Every delivery: approve, approve with conditions or decline; suspend or reinstate',
      },
      {
        title: 'Quality returns',
        href: '/quality-returns',
        description: 'Every quality return and its state',
      },
      {
        title: 'Providers',
        href: '/admin/providers',
        description: 'Register education providers and invite their admins',
      },
      {
        title: 'Programme accreditation',
        href: '/admin/accreditations',
        description:
          'Applications for accreditation of MSc programmes: assessors, panels, decisions and conditions',
      },
      {
        title: 'Providers and deliveries',
        href: '/reports/providers',
        description: 'Every provider with its deliveries, learners, awards and overdue returns',
      },
      {
        title: 'Awards',
        href: '/provider/awards',
        description: "Every provider's awards to learners: suspend, reinstate or revoke one",
      },
      {
        title: 'Issuers and signing keys',
        href: '/admin/issuers',
        description: 'The keys the Centre and each provider sign credentials with, and rotating them',
      },
      {
        title: 'Workforce need',
        href: '/admin/workforce-need',
        description: 'How many practitioners the plan needs, by credential or area, region and year',
      },
      {
        title: 'The implementation plan in numbers',
        href: '/reports',
        description: 'Dashboards of the pipeline, delivery, take-up against the need, and engagement',
      },
    ],
  },
  {
    heading: 'Running the service',
    tasks: [
      {
        title: 'Manage accounts and roles',
        href: '/admin/accounts',
        description: 'Find people, grant and remove roles',
      },
      { title: 'Invite someone', href: '/admin/invitations', description: 'Send an invitation with a role' },
      {
        title: 'Principles and criteria',
        href: '/admin/criteria',
        description: 'Publish new versions of the principles and criteria',
      },
      {
        title: 'Reference content',
        href: '/admin/reference',
        description: 'Publish new versions of the framework, glossary, documents and intervention types',
      },
      {
        title: 'Consultations',
        href: '/admin/consultations',
        description: 'Draft and publish consultations on the Centre’s approach and on draft specifications',
      },
      { title: 'Audit trail', href: '/admin/audit', description: 'Who did what, when and from where' },
      {
        title: 'Sent email',
        href: '/admin/mail',
        description: 'Every email the service has sent or is trying to send',
      },
      {
        title: 'Background jobs',
        href: '/admin/jobs',
        description:
          'Uploads, email and reminders running in the background, and any that stopped being tried',
      },
    ],
  },
]

// Each other staff role's work, grouped the same way by stage: what waits for them at each,
// counted, each leading to the list it is in. A practitioner's is one list: nothing waits on them.
const PROVIDER_GROUPS = (admin: boolean): TaskGroup[] => [
  {
    heading: 'Deliveries',
    tasks: [
      {
        title: 'Applications waiting for the Centre',
        href: '/provider/deliveries?state=applied',
        description: 'Applications to deliver a credential that the Centre has not decided yet',
        queue: 'deliveriesAwaitingDecision',
      },
      {
        title: 'Delivery plans',
        href: '/provider/deliveries',
        description: admin
          ? 'Apply to deliver a published credential, and follow the Centre’s decisions'
          : 'Your organisation’s deliveries and the Centre’s decisions',
      },
    ],
  },
  {
    heading: 'Quality returns',
    tasks: [
      {
        title: 'Quality returns due',
        href: '/provider/returns',
        description: 'Your yearly returns on each delivery, due on the anniversary of its start',
        queue: 'qualityReturnsDue',
      },
    ],
  },
  {
    heading: 'Learners and awards',
    tasks: [
      {
        title: 'Your deliveries',
        href: '/provider',
        description: 'Deliveries with their learners, awards and quality returns',
      },
      {
        title: 'Awards',
        href: '/provider/awards',
        description: 'Credentials your organisation has awarded, and their status',
      },
    ],
  },
  {
    heading: 'Your organisation',
    tasks: [
      {
        title: 'Programmes',
        href: '/provider/programmes',
        description: 'Your advanced-practice MSc programmes, and the Centre’s accreditation of each',
      },
      {
        title: 'Applications for accreditation',
        href: '/provider/accreditations',
        description:
          'Your applications for the Centre’s accreditation of a programme, and the panel’s questions',
      },
      {
        title: 'Your figures beside the nation’s',
        href: '/reports/take-up',
        description: 'Your deliveries and awards on the dashboards, beside the national figures',
      },
      ...(admin
        ? [
            {
              title: 'API tokens',
              href: '/provider/api-tokens',
              description: "Tokens for your organisation's systems",
            },
          ]
        : []),
    ],
  },
]

const GROUPS: Record<Exclude<Role, 'centre_admin' | 'practitioner'>, TaskGroup[]> = {
  credential_group_member: [
    {
      heading: 'Proposals put to the group',
      tasks: [
        {
          title: 'Proposals awaiting the group',
          href: '/proposals?state=with_group',
          description: "Record the Credential Group's decision on proposed credentials",
          queue: 'proposalsWithGroup',
        },
        {
          title: 'Deferred proposals',
          href: '/proposals?state=deferred',
          description: 'Proposals the group put off, until the Centre puts them back to it',
          queue: 'proposalsDeferred',
        },
      ],
    },
    {
      heading: 'Decided',
      tasks: [
        {
          title: 'Agreed proposals',
          href: '/proposals?state=agreed',
          description: 'Proposals the group agreed, now in development',
        },
        {
          title: 'Declined proposals',
          href: '/proposals?state=declined',
          description: 'Proposals the group declined',
        },
      ],
    },
  ],
  independent_reviewer: [
    {
      heading: 'Reviews',
      tasks: [
        {
          title: 'Reviews assigned to me',
          href: '/reviews',
          description: 'Declare any conflicts, judge each endorsement criterion and recommend',
          queue: 'reviewsAssignedToMe',
        },
        {
          title: 'Programmes to assess',
          href: '/accreditations/assigned',
          description:
            'Applications for programme accreditation: declare any conflicts and judge each standard',
        },
      ],
    },
  ],
  specification_author: [
    {
      heading: 'Proposals',
      tasks: [
        {
          title: 'Your proposals',
          href: '/proposals',
          description:
            'Propose a new credential and answer the gateway criteria; drafts and returned proposals',
          queue: 'myProposals',
        },
        {
          title: 'Your proposals being decided',
          href: '/proposals',
          description: 'Proposals the Centre is checking or the Credential Group is deciding',
          queue: 'myProposalsInProcess',
        },
      ],
    },
    {
      heading: 'Specifications',
      tasks: [
        {
          title: 'Your specifications',
          href: '/specifications',
          description: 'Draft, submit and revise the specifications you lead',
          queue: 'myDrafts',
        },
        {
          title: 'Your specifications in review',
          href: '/specifications',
          description: 'Submitted specifications with their reviewers or waiting for a decision',
          queue: 'mySpecificationsInReview',
        },
      ],
    },
    {
      heading: 'Recognition',
      tasks: [
        {
          title: 'Your applications for recognition',
          href: '/recognition',
          description: 'Applications to finish, revise or follow through review',
          queue: 'myRecognitionOpen',
        },
        {
          title: 'Applications returned for revision',
          href: '/recognition',
          description: 'Applications for recognition the Centre sent back: start a revised application',
          queue: 'applicationsReturned',
        },
        {
          title: 'Apply for recognition',
          href: '/recognition/new',
          description: 'Put forward a credential or curriculum your organisation already owns',
        },
      ],
    },
  ],
  provider_admin: PROVIDER_GROUPS(true),
  provider_staff: PROVIDER_GROUPS(false),
}

const PRACTITIONER_TASKS: Task[] = [
  {
    title: 'Your awards',
    href: '/my/awards',
    description: 'Credentials education providers have awarded to you',
  },
  {
    title: 'Your CPD portfolio',
    href: '/my/portfolio',
    description:
      'Your credentials, credentials from elsewhere, CPD activities and the capabilities they show',
  },
  {
    title: 'Your profile',
    href: '/my/profile',
    description: 'Your name, profession, registration, region and employer',
  },
  {
    title: 'Your directory entry',
    href: '/my/directory-entry',
    description: 'Whether you appear in the Advanced Practice Directory, and what it shows',
  },
  {
    title: 'Your data',
    href: '/my/data',
    description: 'Download everything we hold about you, or close your account',
  },
]

export interface RoleTasks {
  role: Role
  label: string
  organisationName: string | null
  /** `counted`: the group holds a queue, so it says how many wait, or that none do. */
  groups: Array<TaskGroup & { waiting: number; counted: boolean }>
}

const groupsOf = (role: Role): TaskGroup[] =>
  role === 'centre_admin'
    ? CENTRE_ADMIN_GROUPS
    : role === 'practitioner'
      ? [{ tasks: PRACTITIONER_TASKS }]
      : GROUPS[role]

/** One section per role the person holds, in the order of the roles list, with queue sizes. */
export function tasksFor(grants: readonly RoleGrant[], counts: QueueCounts = {}): RoleTasks[] {
  return [...grants]
    .sort((a, b) => ROLES.indexOf(a.role) - ROLES.indexOf(b.role))
    .map((g) => ({
      role: g.role,
      label: roleLabel(g.role),
      organisationName: g.organisationName,
      groups: groupsOf(g.role).map((group) => {
        const tasks = group.tasks.map((t) => (t.queue ? { ...t, waiting: counts[t.queue] ?? 0 } : t))
        return {
          ...group,
          tasks,
          waiting: tasks.reduce((sum, t) => sum + (t.waiting ?? 0), 0),
          counted: tasks.some((t) => t.queue !== undefined),
        }
      }),
    }))
}
