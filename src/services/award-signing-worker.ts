// A signing thread of an award import (see createSigningPool in award-signing.ts).
import { signTask, type SigningTask } from './award-signing.ts'

export default function sign(task: SigningTask): Promise<string[]> {
  return signTask(task)
}
