import { render } from "preact";
import { createIndexedDbStore } from "./store/persistence/indexeddb-store.js";
import { MatrixStore } from "./store/matrix-store.js";
import { App } from "./views/app.js";
import "./styles.css";

const store = new MatrixStore({ persistence: createIndexedDbStore("myelin-client"), isBrowserOnline: () => navigator.onLine });
window.addEventListener("online", () => store.reconnectNow());
window.addEventListener("offline", () => store.reconnectNow());
void store.restore();

const root = document.getElementById("app");
if (root !== null) render(<App store={store} />, root);
