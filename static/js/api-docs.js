/* The API's documentation page: Swagger UI (vendored in static/vendor/) reading the schema
   whose address the page gives. No call leaves our origin (no validator badge). */
(function () {
  "use strict";
  var element = document.getElementById("swagger-ui");
  if (!element || !window.SwaggerUIBundle) return;
  window.SwaggerUIBundle({
    url: element.dataset.schemaUrl,
    domNode: element,
    deepLinking: false, // a deep link would nest a link inside the summary button
    validatorUrl: null,
    tryItOutEnabled: false,
    persistAuthorization: false,
  });
})();
