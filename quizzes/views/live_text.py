"""The words the live-game scripts show, translated on the server.

The pages put them in a JSON data block (``json_script``), so the ES modules in
``static/quizzes/`` need no catalogue of their own and every string goes through
gettext with the rest of the site. Placeholders are ``%(name)s``; the scripts fill
them in. Messages about refusals come from the server itself (``error.message``).
"""

from __future__ import annotations

from django.utils.translation import gettext as _


def _common() -> dict[str, str]:
    return {
        "connecting": _("Connecting…"),
        "reconnecting": _("The connection was lost. Reconnecting…"),
        "connected": _("Connected."),
        "question_of": _("Question %(number)s of %(count)s"),
        "time_left": _("%(seconds)s s left"),
        "paused": _("Paused"),
        "time_up": _("Time is up."),
        "answered_count": _("Answered: %(answered)s of %(players)s"),
        "right": _("Right answer"),
        "right_order": _("The right order"),
        "accepted": _("Accepted answers: %(answers)s"),
        "slider_right": _("Right value: %(value)s (give or take %(tolerance)s)"),
        "correct_count": _("Right: %(count)s"),
        "incorrect_count": _("Wrong: %(count)s"),
        "votes": _("%(count)s answered"),
        "no_right_answer": _("No right answer: this question asks for opinions."),
        "nobody_answered": _("Nobody answered."),
        "leaderboard": _("Leaderboard"),
        "podium": _("Podium"),
        "place": _("Place %(rank)s"),
        "points": _("%(score)s points"),
        "final_standings": _("Final standings"),
        "question_image": _("Picture for the question"),
        "shape_triangle": _("triangle"),
        "shape_diamond": _("diamond"),
        "shape_circle": _("circle"),
        "shape_square": _("square"),
        "shape_star": _("star"),
        "shape_hexagon": _("hexagon"),
        "kind_single": _("Pick one answer."),
        "kind_multiple": _("Pick every right answer, then send."),
        "kind_true_false": _("True or false?"),
        "kind_type_answer": _("Type the answer."),
        "kind_slider": _("Set the slider, then send."),
        "kind_order": _("Put the items in order, then send."),
        "kind_poll": _("A poll: pick one. No points, no right answer."),
        "kind_word_cloud": _("Word cloud: a word or two."),
        "kind_open": _("Open answer: write a sentence or two."),
        "words_heading": _("Word cloud"),
        "texts_heading": _("Answers shown to the room"),
        "values_heading": _("How the room answered"),
    }


def host_strings() -> dict[str, str]:
    """The host's screen: phases announced, controls, players."""
    return {
        **_common(),
        "phase_lobby": _("Waiting for players to join."),
        "phase_question": _("Question %(number)s of %(count)s is open."),
        "phase_closed": _(
            "Question %(number)s is closed. Here is how the room answered."
        ),
        "phase_leaderboard": _("The leaderboard after question %(number)s."),
        "phase_final": _("The game has ended. Here is the podium."),
        "phase_paused": _("The game is paused."),
        "phase_resumed": _("The game goes on."),
        "phase_time_added": _("More time for this question."),
        "phase_skipped": _("Question %(number)s was skipped: nobody scores for it."),
        "locked": _("The game is closed to new players."),
        "unlocked": _("New players may join."),
        "lock": _("Close to new players"),
        "unlock": _("Open to new players"),
        "players_count": _("Players: %(count)s"),
        "online": _("online"),
        "offline": _("offline"),
        "remove": _("Remove"),
        "remove_named": _("Remove %(name)s"),
        "confirm_remove": _("Remove %(name)s from the game? They cannot come back."),
        "extra_time": _("Time for %(name)s"),
        "time_usual": _("Usual time"),
        "time_times": _("%(times)s × the time"),
        "no_pending": _("No answers are waiting."),
        "approve": _("Show to the room"),
        "approve_named": _("Show the answer of %(name)s to the room"),
        "confirm_end": _("End the game now and show the podium?"),
    }


def player_strings() -> dict[str, str]:
    """The player's phone: answering, feedback and standing."""
    return {
        **_common(),
        "joining": _("Joining…"),
        "you_play_as": _("You play as %(name)s."),
        "waiting_start": _("You are in! Wait for the host to start the game."),
        "waiting_next": _("Look at the screen: the next question is coming."),
        "send": _("Send the answer"),
        "sending": _("Sending your answer…"),
        "received_waiting": _("Answer received. Wait for the others."),
        "your_answer": _("Your answer"),
        "your_value": _("Your value: %(value)s"),
        "move_up": _("Move up: %(item)s"),
        "move_down": _("Move down: %(item)s"),
        "item_position": _("%(position)s. %(item)s"),
        "true": _("True"),
        "false": _("False"),
        "result_right": _("Right! +%(points)s points."),
        "result_bonus": _("Streak bonus: +%(bonus)s."),
        "result_wrong": _("Not this time."),
        "result_missed": _("No answer this time."),
        "result_unscored": _("Thank you for answering."),
        "result_skipped": _("The host skipped this question."),
        "standing": _("Score: %(score)s · Place: %(rank)s · Streak: %(streak)s"),
        "final_place": _("You finished in place %(rank)s with %(score)s points."),
        "game_over": _("The game has ended."),
        "join_again": _("Join another game"),
        "pin_format": _("The PIN has 6 digits."),
        "choose_one": _("Choose an answer first."),
    }
