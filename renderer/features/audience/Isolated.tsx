import { withoutBidiControls } from '../../../shared/domain/display-text';

/** Text from outside (names, emails, attributes), isolated from its surroundings and without bidi overrides. */
export function Isolated({ text }: { text: string | null | undefined }) {
  return <bdi>{withoutBidiControls(text ?? '')}</bdi>;
}
