# check: analytic partial derivatives against central finite differences
set w 0.9 0.7
set b -0.1
check
set cost quadratic
set lambda 0.5
check
load hours
set w 1.5
set b -4
check
