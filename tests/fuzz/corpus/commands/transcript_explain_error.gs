# a parameter that does not exist stops the script with one clear line
explain w 3
print step
