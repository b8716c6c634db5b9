/**
 * The request's form data; a body that is no form (wrong content type, broken multipart) is a
 * 400 with a Dutch message instead of an error deep in the action.
 */
export async function readFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new Response("Dit formulier kon niet worden gelezen. Ga terug en probeer het opnieuw.", { status: 400 });
  }
}
