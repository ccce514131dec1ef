placeholder conversation.js
