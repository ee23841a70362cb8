"""Server-rendered pages for people: pupils, teachers and coordinators.

One module per audience; ``access`` holds who may open what.
"""
