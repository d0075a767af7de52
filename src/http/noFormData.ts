/**
 * What the bundle gives axios for the `form-data` package: the extension never sends a multipart body, so the
 * package and the MIME tables it brings (~150 KB, a fifth of the bundle, parsed at every activation) stay out.
 * test/tools/build.mjs aliases `form-data` to this file; tests run with the real package.
 */
export default class NoFormData {
  constructor() {
    throw new Error('multipart (form-data) request bodies are not supported');
  }
}
