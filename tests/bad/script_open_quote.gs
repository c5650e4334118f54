step 2
set eta 1
"unterminated
