# Mentor assignment, logbook, feedback and evaluations arrive with the mentoring issue;
# the MentorProfile itself lives in accounts, beside the other profiles.
