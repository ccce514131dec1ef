placeholder session-page.js
