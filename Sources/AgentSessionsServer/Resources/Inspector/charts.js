placeholder charts.js
