"""The course's self-checking exercises: name -> expected answer, comparison, hint and why.

Cells call ``mx.exercises.answer(name, value)``, so the expected value is not printed in the
notebook next to the question. Each expected value here is recomputed from tutor itself in
tests/exercises/test_course_exercises.py, so a change in the engine cannot leave a stale answer.
"""
EXERCISES = {}
