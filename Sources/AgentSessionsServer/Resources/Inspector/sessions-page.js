placeholder sessions-page.js
