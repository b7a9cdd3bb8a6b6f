// Live camera coaching page (work in progress).
"use strict";
