/** One line of the proof: a fact about the course, whether it holds, and why not when it does not. */
export type ProofCheck = { group: string; name: string; passed: boolean; detail?: string };
