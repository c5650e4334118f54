# Class labels give one output per class; softmax outputs with the log-likelihood cost.
load flowers.csv
set hidden 3
set output softmax
set scale standardize
set seed 2
set init random
set eta 1
set batch 3
step 300
show data
predict 1.6 0.3
predict 5.5 2.1
print a3_2@5
check
set
