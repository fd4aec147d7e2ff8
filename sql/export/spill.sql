-- spill sorts and joins inside the export's temporary folder, never beside the warehouse.
set temp_directory = $path
