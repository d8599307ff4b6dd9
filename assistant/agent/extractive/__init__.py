"""Answer a question from the sentences of retrieved passages, for any document, bundled or added.

A pure function of the question, the search hits and an embedder: the passages are cut into whole sentences
(a sentence introducing a list keeps its whole list), each is scored against the question (embedder
similarity of the sentence under its section heading, the question's keywords weighted by how rare they are
among the sentences, the names and numbers it mentions, cue words of its kind; a word of the question in a
passage's title or section counts for each of its sentences). The sentence that says what the kind asks for
(a figure, a date, a name, a cause, a definition) is preferred to one that only names the subject, and is
quoted with its neighbour when that one continues it. The answer's lead states what the quoted sentence says
(or the figure, date or name asked for) in the question's language. Below a calibrated threshold the answer
is an honest refusal that quotes nothing. Cue words, patterns and templates are data
(``data/extractive.toml``).

The parts: ``question`` reads what is asked, ``sentences`` cuts passages into sentences, ``figures`` reads what a
sentence states, ``scoring`` scores sentences against the question and ``answer`` chooses, quotes and leads;
``common`` holds the data file and what they share.
"""

from assistant.agent.extractive.answer import Extract, Quote, answer_from_passages
from assistant.agent.extractive.common import Embed, Language
from assistant.agent.extractive.question import SPANNED, question_kind, term_asked
from assistant.agent.extractive.scoring import FEATURES
from assistant.agent.extractive.sentences import Sentence, sentence_units

__all__ = [
    "FEATURES",
    "SPANNED",
    "Embed",
    "Extract",
    "Language",
    "Quote",
    "Sentence",
    "answer_from_passages",
    "question_kind",
    "sentence_units",
    "term_asked",
]
