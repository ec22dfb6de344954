"""Drafts of a resolution and its tasks proposed from a document's text (nothing is saved here).

``extraction`` reads a conclusion notice, plan or directive and proposes its record and one
task per assigning clause; ``sources`` turns an uploaded file into text; ``queries`` lists the
agencies a committee's text may name. The review screen (``views``) shows the drafts and
``services.save_draft`` saves what the secretary confirmed.
"""
