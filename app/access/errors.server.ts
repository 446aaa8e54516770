// Refusals carry no detail about which rule refused: the page says only what the person can do next.

export function notFound(): never {
  throw new Response("Page not found", { status: 404, statusText: "Not Found" });
}

export function forbidden(): never {
  throw new Response("You do not have access to this page", { status: 403, statusText: "Forbidden" });
}

export function badRequest(message = "The request could not be understood"): never {
  throw new Response(message, { status: 400, statusText: "Bad Request" });
}
