/** English strings. Every user-visible word of the UI lives here and in its translations. */
export const en = {
  app: {
    name: 'etcd Stepper',
    tagline: 'A deterministic etcd v3.6 cluster you can step through',
    skipToContent: 'Skip to the simulator',
  },
  header: {
    language: 'Language',
    theme: 'Theme',
    themeLight: 'Light',
    themeDark: 'Dark',
    switchToDark: 'Switch to dark theme',
    switchToLight: 'Switch to light theme',
  },
  regions: {
    cluster: {
      title: 'Cluster',
      empty: 'Members, their roles and terms, and the messages in flight between them will appear here.',
    },
    ready: {
      title: 'Ready batches',
      empty:
        'Each member’s Ready batches — SoftState, HardState, entries, committed entries, messages — appear here as the Ready loop produces them.',
    },
    gauges: {
      title: 'Index gauges',
      empty: 'First, applied, committed and last index of every member, and the applied/committed gap.',
    },
    timeline: {
      title: 'Leader timeline',
      empty: 'Who led in which term, and why each leader change happened.',
    },
    code: {
      title: 'Code',
      empty: 'The etcd function the selected goroutine is running, with its current line highlighted.',
    },
    events: {
      title: 'Event log',
      empty: 'etcd’s log lines and cluster events, as text.',
    },
  },
  errors: {
    crashedTitle: 'This view hit an error',
    crashedBody: 'The simulation is unaffected. Details:',
    retry: 'Try again',
  },
};

/** The shape every translation must have: the same keys as English, any strings. */
type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof en>;
