export { shown } from '../../shared/shown';
