placeholder confirm-dialog.js
