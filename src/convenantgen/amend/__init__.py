"""The wijzigingsconvenant: the changes between two versions in the words of the Aanwijzingen."""
