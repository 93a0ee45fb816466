/** The error every index-file check throws; the loader turns it into INDEX_INVALID and a rebuild. */
export class IndexDamage extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = "IndexDamage";
  }
}
