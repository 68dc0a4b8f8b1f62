// The colours of the NHS tag component, for the words a state is shown with.

export type TagColour =
  'grey' | 'blue' | 'green' | 'aqua-green' | 'orange' | 'yellow' | 'purple' | 'red' | 'white' | 'pink'

/** A state as a person reads it, and the colour of its tag. */
export interface StateWord {
  text: string
  colour: TagColour
}
