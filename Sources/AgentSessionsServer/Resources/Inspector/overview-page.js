placeholder overview-page.js
