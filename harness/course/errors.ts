/** Bad course input: the message names the file and the field, so an author can go straight there. */
export class CourseError extends Error {
  readonly file: string;
  readonly field: string;

  constructor(file: string, field: string, problem: string) {
    super(`${file}: ${field} ${problem}`);
    this.name = 'CourseError';
    this.file = file;
    this.field = field;
  }
}
