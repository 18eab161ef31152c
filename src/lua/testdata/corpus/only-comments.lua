-- This chunk has no statements at all.
--[[ Just comments,
     which compile to a single RETURN. ]]
