// Threads: initialise GOV.UK Frontend components.
//
// GOV.UK Frontend 5's govuk-frontend.min.js is an ES module (it uses
// `export`), so it must be loaded with type="module":
//
//   <script type="module" src="/static/js/threads.mjs"></script>
//
// Module scripts are deferred, so this runs after the document is parsed.
// GOV.UK Frontend only initialises when <body> has "govuk-frontend-supported";
// /static/js/threads.js normally adds it, and it is added here too in case
// that script was not included (any browser running this supports modules).
import { initAll } from "/static/govuk/govuk-frontend.min.js";

document.body.classList.add("govuk-frontend-supported");
initAll();
