placeholder event-stream.js
