export { fetchWithTimeouts, CONNECT_TIMEOUT_MS, DOWNLOAD_TIMEOUT_MS, type FetchTimeouts } from "./fetch.js";
