# Network mode's explanations with softmax outputs: eq. 67 with eq. 84 at the output, BP4 with BP2 below,
# and derive from C_x = -ln a^L_y (eq. 80) with the normalising sum of eq. 78.
load flowers.csv
set hidden 2
set output softmax
set scale standardize
set seed 3
set init random
step 5
explain w 3 2 1
explain b 3 1
explain w 2 1 2
explain delta 2 1 4
derive 4 w2_1_2
