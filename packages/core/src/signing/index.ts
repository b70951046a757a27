export * from "./sign-json.js";
