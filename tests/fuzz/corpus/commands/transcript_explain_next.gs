# next: the update built term by term, then applied; then mini-batches and the glossary
set w 0.9 0.7
set b -0.1
set eta 0.5
next
next
next
next
set batch 2
next
next
back 1
next
help symbols
