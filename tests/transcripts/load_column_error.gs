# A mistyped column name stops the script with one line; nothing was loaded.
load students_eu.csv ignore=ID target=pased
