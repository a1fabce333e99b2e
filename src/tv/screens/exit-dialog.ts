import '../styles/dialog.css';

// The exit dialog and its styles, one chunk loaded when the dialog first opens (lazy-screens.ts).

export { ExitDialog } from '../components/ExitDialog';
