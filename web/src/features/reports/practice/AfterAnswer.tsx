import { AnswerAgain } from "./AnswerAgain";
import type { VoiceHost } from "./SpokenRetry";
import { TalkingPointsList } from "./TalkingPoints";

/**
 * What the room can show right after an answer was stored: the question's talking points
 * (the server gives them only once the question has an answer) and "Answer again". The room
 * hosts it for the question just answered; the report lists the same per question.
 */
export function AfterAnswer({
  sessionId,
  questionId,
  questionText,
  voice,
}: {
  sessionId: string;
  questionId: string;
  questionText: string;
  voice?: VoiceHost | undefined;
}) {
  return (
    <section className="after-answer" aria-label="After your answer">
      <details>
        <summary>Talking points for this question</summary>
        <TalkingPointsList sessionId={sessionId} questionId={questionId} />
      </details>
      <AnswerAgain sessionId={sessionId} questionId={questionId} questionText={questionText} voice={voice} />
    </section>
  );
}
