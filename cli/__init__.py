"""The roof: the command line (`council-etl`), a thin layer over pipeline/, flows/ and warehouse/."""
