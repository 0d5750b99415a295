// What a promise rejects with, for tests that look at the error's fields (code, path) as well
// as its message: shared by the init() tests of the Node and the browser entry.

/** What `promise` rejects with (fails the test if it resolves). */
export async function rejection(
  promise: Promise<unknown>,
): Promise<Error & { code?: string; path?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as never;
  }
  throw new Error('expected a rejection');
}
