// @myelin/http/testing — helpers for tests of code built on @myelin/http.
export { startServer, type RunningServer, type ServeFunction } from "./loopback.js";
