/** The HTTP status a loader or guard answers: 200 if it returns, the thrown Response's status otherwise. */
export async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

/** What a loader or action answered, as a Response: the one it threw (a redirect, a 404), or what it returned as JSON. */
export async function responseOf(promise: Promise<unknown>): Promise<Response> {
  try {
    return Response.json(await promise);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
