// Bulwark demo application: a tiny HTTP service with outdated dependencies.
const http = require('http');
const _ = require('lodash');
http.createServer((req, res) => res.end(_.escape('hello'))).listen(8080);
