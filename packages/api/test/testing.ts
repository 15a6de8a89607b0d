// What tests outside this package use to run the API (`@coherence/api/testing`).
export * from "./helpers";
export * from "./loopback-idp";
export * from "./video-helpers";
