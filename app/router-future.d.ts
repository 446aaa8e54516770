import "react-router";

declare module "react-router" {
  // remix.config.js turns on future.v8_middleware: loaders, actions and middleware get a RouterContextProvider.
  interface Future {
    v8_middleware: true;
  }
}
